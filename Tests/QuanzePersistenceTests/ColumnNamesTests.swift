import Testing

@testable import QuanzePersistence

/// Row properties map to their snake-case columns, the same name on every call (it is then read from the cache).
@Suite("Column names of row properties")
struct ColumnNamesTests {
    @Test(
        "camel case becomes snake case; a name without capitals stays",
        arguments: [
            ("county", "county"), ("parentCode", "parent_code"), ("validFrom", "valid_from"),
            ("levelBasis", "level_basis"), ("updatedAt", "updated_at"), ("line2Code", "line2_code"),
        ])
    func column(property: String, column: String) {
        #expect(ColumnNames.column(property) == column)
        #expect(ColumnNames.column(property) == column)
    }
}
