import Foundation
import Testing

@testable import QuanzeDomain

@Suite("Resources: workload per authorised post and the ranking (编制激励)")
struct WorkloadTests {
    static func w(_ code: String, items: Int, cases: Int, posts: Int) -> Workload {
        Workload(township: code, name: code, items: items, cases: cases, posts: posts)
    }

    @Test("items × cases ÷ posts, exact in hundredths, rounded half up")
    func perPost() {
        // setup
        let even = Self.w("A", items: 10, cases: 30, posts: 6)
        let third = Self.w("B", items: 1, cases: 1, posts: 3)
        let twoThirds = Self.w("C", items: 2, cases: 1, posts: 3)
        let half = Self.w("D", items: 1, cases: 1, posts: 200)
        // act, check
        #expect(even.load == 300)
        #expect(even.perPost == 5000)
        #expect(even.perPostText == "50.00")
        #expect(third.perPost == 33)
        #expect(third.perPostText == "0.33")
        #expect(twoThirds.perPost == 67)
        #expect(half.perPost == 1)  // 0.005 rounds half up to 0.01
        #expect(Self.w("E", items: 0, cases: 500, posts: 4).perPost == 0)
        #expect(Self.w("F", items: 40, cases: 0, posts: 4).perPostText == "0.00")
    }

    @Test("zero authorised posts: the figure is undefined and printed as 未核定编制")
    func zeroPosts() {
        // setup
        let none = Self.w("A", items: 12, cases: 100, posts: 0)
        let idle = Self.w("B", items: 0, cases: 0, posts: 0)
        // act, check
        #expect(none.perPost == nil)
        #expect(none.perPostText == "未核定编制")
        #expect(none.load == 1200)
        #expect(idle.perPost == nil)
    }

    @Test("ranking: heaviest per post first, compared exactly (not after rounding); ties share a rank")
    func ranking() {
        // setup: 1/3 and 0.33 round to the same text but differ; 100/3 = 200/6 tie exactly
        let rows = [
            Self.w("510304001000", items: 1, cases: 1, posts: 3),  // 0.333…
            Self.w("510304002000", items: 33, cases: 1, posts: 100),  // 0.33
            Self.w("510304003000", items: 10, cases: 10, posts: 3),  // 33.33…
            Self.w("510304004000", items: 20, cases: 10, posts: 6),  // 33.33… (tie with 003)
            Self.w("510304005000", items: 50, cases: 10, posts: 5),  // 100
        ]
        // act
        let ranked = Workload.ranking(rows)
        // check
        #expect(
            ranked.map(\.workload.township) == [
                "510304005000", "510304004000", "510304003000", "510304001000", "510304002000",
            ])
        #expect(ranked.map(\.rank) == [1, 2, 2, 4, 5])
    }

    @Test("townships without posts rank ahead of all with posts, by load; equal loads without posts tie")
    func unpostedFirst() {
        // setup
        let rows = [
            Self.w("A", items: 100, cases: 1000, posts: 10),
            Self.w("B", items: 1, cases: 2, posts: 0),
            Self.w("C", items: 2, cases: 5, posts: 0),
            Self.w("D", items: 2, cases: 1, posts: 0),
        ]
        // act
        let ranked = Workload.ranking(rows)
        // check: C (load 10), then B and D (load 2, tie, code order), then A
        #expect(ranked.map(\.workload.township) == ["C", "B", "D", "A"])
        #expect(ranked.map(\.rank) == [1, 2, 2, 4])
        #expect(Workload.ranking([]).isEmpty)
    }

    @Test("equal figures with different loads: the larger load first, then the code; the order is total")
    func tieBreak() {
        // setup: both 10 per post
        let small = Self.w("B", items: 10, cases: 2, posts: 2)
        let large = Self.w("A", items: 10, cases: 20, posts: 20)
        let same = Self.w("C", items: 10, cases: 2, posts: 2)
        // act, check
        #expect(Workload.carriesMore(large, than: small))
        #expect(!Workload.carriesMore(small, than: large))
        #expect(Workload.carriesMore(small, than: same))
        #expect(!Workload.carriesMore(same, than: small))
        #expect(!Workload.carriesMore(small, than: small))
        #expect(Workload.ranking([small, large, same]).map(\.rank) == [1, 1, 1])
    }
}
