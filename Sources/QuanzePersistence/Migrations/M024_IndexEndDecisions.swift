/// A decision's page lists the entries it ended as well as those it added (`DecisionStore.changes`): the end
/// decision gets the index the decision already has, county first as every index (DESIGN §10).
let M024_IndexEndDecisions = Migration(id: "M024_IndexEndDecisions") { _ in
    ["CREATE INDEX assignments_end_decision ON assignments (county, end_decision)"]
}
