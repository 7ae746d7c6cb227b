/// The terms the adjustment engine reads of a running delegation, as columns of its row (issue 17 point 3): a
/// province's analysis read half a million records' JSON for them, and decoding it was a quarter of the analysis.
/// `DelegationStore` writes them with every record of kind `delegation` (other kinds leave them NULL); the rows
/// stored before this step are filled here from their JSON — the day of the last evaluation is the latest `on` of
/// the record's evaluations.
let M052_DelegationTerms = Migration(id: "M052_DelegationTerms") { d in
    let columns = [
        "mode TEXT", "effective_on TEXT", "transition_ends TEXT", "term_ends TEXT",
        "evaluation_months \(bigint(d))", "evaluations_from TEXT", "last_evaluation TEXT",
    ]
    let fill =
        d == .postgres
        ? """
        UPDATE delegation_records SET mode = payload::jsonb ->> 'mode',
          effective_on = payload::jsonb ->> 'effectiveOn', transition_ends = payload::jsonb ->> 'transitionEnds',
          term_ends = payload::jsonb ->> 'termEnds',
          evaluation_months = (payload::jsonb ->> 'evaluationMonths')::bigint,
          evaluations_from = payload::jsonb ->> 'evaluationsFrom',
          last_evaluation = (SELECT max(e ->> 'on') FROM jsonb_array_elements(
            COALESCE(payload::jsonb -> 'evaluations', '[]'::jsonb)) e)
        WHERE kind = 'delegation'
        """
        : """
        UPDATE delegation_records SET mode = json_extract(payload, '$.mode'),
          effective_on = json_extract(payload, '$.effectiveOn'),
          transition_ends = json_extract(payload, '$.transitionEnds'),
          term_ends = json_extract(payload, '$.termEnds'),
          evaluation_months = json_extract(payload, '$.evaluationMonths'),
          evaluations_from = json_extract(payload, '$.evaluationsFrom'),
          last_evaluation = (SELECT max(json_extract(e.value, '$.on')) FROM json_each(payload, '$.evaluations') e)
        WHERE kind = 'delegation'
        """
    return columns.map { "ALTER TABLE delegation_records ADD COLUMN \($0)" } + [fill]
}
