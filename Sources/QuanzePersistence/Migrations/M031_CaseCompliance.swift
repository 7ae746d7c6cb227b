/// Cases carry what the statutes require of enforcement (issue 11 point 9): the officers named, the 法制审核
/// triggers, the 立案 day and an extension of the decision limit, a licence's approved extension, and the checks
/// made and broken as fixed at ingest (bit sets of `ComplianceCheck`); indicator cells sum them per check
/// (`ComplianceCounts.columns`, listed here as they were when the step was written). Records and cells from before
/// have no checks (NULL, 0).
let M031_CaseCompliance = Migration(id: "M031_CaseCompliance") { d in
    let cells = [
        "compliance_cases", "non_compliant", "officers_checked", "officers_broken", "legal_review_checked",
        "legal_review_broken", "full_record_checked", "full_record_broken", "decision_limit_checked",
        "decision_limit_broken", "licensing_limit_checked", "licensing_limit_broken",
    ]
    return [
        "ALTER TABLE case_records ADD COLUMN officer_ids TEXT",
        "ALTER TABLE case_records ADD COLUMN review_triggers TEXT",
        "ALTER TABLE case_records ADD COLUMN filed_on TEXT",
        "ALTER TABLE case_records ADD COLUMN extended_to TEXT",
        "ALTER TABLE case_records ADD COLUMN extension_days \(bigint(d))",
        "ALTER TABLE case_records ADD COLUMN extension_approved \(bigint(d))",
        "ALTER TABLE case_records ADD COLUMN compliance_checked \(bigint(d))",
        "ALTER TABLE case_records ADD COLUMN compliance_broken \(bigint(d))",
    ] + cells.map { "ALTER TABLE indicator_cells ADD COLUMN \($0) \(bigint(d)) NOT NULL DEFAULT 0" }
}
