/// The running delegations' terms read from an index alone (issue 17 point 3): the analysis reads every running
/// delegation of a county (`DelegationStore.terms`), and reading them from the table walked each row's JSON too
/// (some 560 bytes a row; the generated Sichuan holds 737,775 records). The index replaces
/// `delegation_records_state`, whose columns lead it, so a record's write still updates one index for its state;
/// delegation records are written one at a time by people (a request, a review, a recall), not in bulk as cases are.
let M053_DelegationTermsIndex = Migration(id: "M053_DelegationTermsIndex") { _ in
    [
        """
        CREATE INDEX delegation_records_terms ON delegation_records (county, kind, state, id, mode, effective_on,
          transition_ends, term_ends, evaluation_months, evaluations_from, last_evaluation, unit, item_code)
        """,
        "DROP INDEX delegation_records_state",
    ]
}
