/// The county's own requirement terms (fields, certificate kinds, equipment). The built-in terms are not rows: they
/// belong to every county and live in `RequirementVocabulary.builtInTerms`, which every read merges in first, so the
/// codes stored before this table existed (`field:livestock`) keep their names.
let M023_CreateRequirementTerms = Migration(id: "M023_CreateRequirementTerms") { _ in
    [
        """
        CREATE TABLE requirement_terms (county TEXT NOT NULL, kind TEXT NOT NULL, code TEXT NOT NULL,
          name TEXT NOT NULL, position INTEGER NOT NULL, PRIMARY KEY (county, kind, code))
        """
    ]
}
