/// An open-data download reads a county's entries in force page by page in the order township, list, item, id
/// (`OpenDataStore.page`): the index walks that order, so each page starts where the last ended instead of
/// sorting the county's every entry again. County first, as every index (DESIGN §10).
let M048_IndexOpenData = Migration(id: "M048_IndexOpenData") { _ in
    ["CREATE INDEX assignments_open_data ON assignments (county, township, list, item_code, id)"]
}
