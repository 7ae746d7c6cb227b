/// The guidance library (issue 16 point 4): every version of a guidance document (工作指南, 案例手册, 执法实用手册)
/// and of an item's discretion standard (裁量基准), each a domain value stored whole (JSON) with the columns reads
/// filter on; a document's items in their own table, so the item page finds its documents by index.
let M049_CreateGuidance = Migration(id: "M049_CreateGuidance") { d in
    [
        """
        CREATE TABLE guidance_documents (county TEXT NOT NULL, id TEXT NOT NULL, version INTEGER NOT NULL,
          kind TEXT NOT NULL, effective_on TEXT NOT NULL, payload TEXT NOT NULL, updated_at \(bigint(d)) NOT NULL,
          PRIMARY KEY (county, id, version))
        """,
        """
        CREATE TABLE guidance_document_items (county TEXT NOT NULL, item TEXT NOT NULL, id TEXT NOT NULL,
          version INTEGER NOT NULL, PRIMARY KEY (county, item, id, version))
        """,
        """
        CREATE TABLE discretion_standards (county TEXT NOT NULL, item TEXT NOT NULL, version INTEGER NOT NULL,
          effective_on TEXT NOT NULL, payload TEXT NOT NULL, updated_at \(bigint(d)) NOT NULL,
          PRIMARY KEY (county, item, version))
        """,
    ]
}
