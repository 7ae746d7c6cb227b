import Foundation

/// An Atom 1.0 document (RFC 4287) of change events, newest first. Pure: the caller gives the absolute links.
public struct AtomFeed: Sendable {
    public var id: String
    public var title: String
    public var author: String
    /// The feed's own address and the page that shows the same changes.
    public var selfLink: String
    public var pageLink: String
    public var events: [ChangeEvent]
    /// The page an event links to (its decision, its township's list as of its day …), absolute.
    public var link: @Sendable (ChangeEvent) -> String

    public init(
        id: String, title: String, author: String, selfLink: String, pageLink: String, events: [ChangeEvent],
        link: @escaping @Sendable (ChangeEvent) -> String
    ) {
        self.id = id
        self.title = title
        self.author = author
        self.selfLink = selfLink
        self.pageLink = pageLink
        self.events = events
        self.link = link
    }

    /// RFC 3339 in UTC with seconds, as Atom's dates are.
    public static func timestamp(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let day = Day(ordinal: seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400)
        let rest = seconds - day.ordinal * 86400
        return day.iso + String(format: "T%02d:%02d:%02dZ", rest / 3600, rest / 60 % 60, rest % 60)
    }

    public var xml: String {
        let e = TableExport.xmlEscaped
        var out = """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">
            <id>\(e(id))</id>
            <title>\(e(title))</title>
            <updated>\(Self.timestamp(events.map(\.at).max() ?? Date(timeIntervalSince1970: 0)))</updated>
            <author><name>\(e(author))</name></author>
            <link rel="self" type="application/atom+xml" href="\(e(selfLink))"/>
            <link rel="alternate" type="text/html" href="\(e(pageLink))"/>

            """
        for event in events {
            var lines = ["事由：\(event.kind.label)", "生效日期：\(event.day.chinese)"]
            if let d = event.decision { lines.append("文号：\(d)") }
            if let t = event.townshipName { lines.append("镇街：\(t)") }
            if let n = event.itemName, let c = event.itemCode { lines.append("事项：\(n)（\(c)）") }
            if let entry = event.entry {
                lines.append("清单：\(entry.list.label)；方式：\(entry.mode.label)")
                if let role = entry.role { lines.append("责任：\(role.label)") }
                if let reason = entry.correctionReason { lines.append("勘误理由：\(reason)") }
            }
            out += """
                <entry>
                <id>\(e(event.id))</id>
                <title>\(e(event.summary))</title>
                <updated>\(Self.timestamp(event.at))</updated>
                <published>\(Self.timestamp(event.at))</published>
                <link rel="alternate" type="text/html" href="\(e(link(event)))"/>
                <category term="\(e(event.kind.rawValue))" label="\(e(event.kind.label))"/>
                <content type="text">\(e(lines.joined(separator: "\n")))</content>
                </entry>

                """
        }
        return out + "</feed>\n"
    }
}
