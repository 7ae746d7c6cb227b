/// Rule R5 (legal basis changed or repealed): a law version's day in force (施行, which differs from the version date
/// that keys it: 畜牧法(2022-10-30) applies from 2023-03-01) and its day of repeal (废止), and the article maps
/// between versions (条文对照). The law library is shared by every county; an article map is recorded by one
/// county's 编办, so it carries the county first as every county table (DESIGN §10). `new_article` is NULL when the
/// newer version dropped the article.
let M030_LawTimelines = Migration(id: "M030_LawTimelines") { d in
    [
        "ALTER TABLE law_versions ADD COLUMN in_force_on TEXT",
        "ALTER TABLE law_versions ADD COLUMN repealed_on TEXT",
        """
        CREATE TABLE law_article_maps (county TEXT NOT NULL, law TEXT NOT NULL, old_version TEXT NOT NULL,
          old_article INTEGER NOT NULL, new_version TEXT NOT NULL, new_article INTEGER,
          recorded_at \(bigint(d)) NOT NULL, PRIMARY KEY (county, law, old_version, old_article, new_version))
        """,
    ]
}
