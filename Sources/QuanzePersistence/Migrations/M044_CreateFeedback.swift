/// Third-party evaluations and public feedback (issue 15 point 4): each a domain value stored whole (JSON) with the
/// columns lists and counts filter on — an evaluation's target (item or township) and year, a feedback's item and
/// state.
let M044_CreateFeedback = Migration(id: "M044_CreateFeedback") { d in
    [
        """
        CREATE TABLE evaluations (county TEXT NOT NULL, id TEXT NOT NULL, target_kind TEXT NOT NULL,
          target TEXT NOT NULL, year INTEGER NOT NULL, batch TEXT NOT NULL, payload TEXT NOT NULL,
          updated_at \(bigint(d)) NOT NULL, PRIMARY KEY (county, id))
        """,
        "CREATE INDEX evaluations_target ON evaluations (county, target_kind, target)",
        """
        CREATE TABLE public_feedback (county TEXT NOT NULL, id TEXT NOT NULL, item TEXT NOT NULL,
          state TEXT NOT NULL, payload TEXT NOT NULL, updated_at \(bigint(d)) NOT NULL, PRIMARY KEY (county, id))
        """,
        "CREATE INDEX public_feedback_item ON public_feedback (county, item, state)",
    ]
}
