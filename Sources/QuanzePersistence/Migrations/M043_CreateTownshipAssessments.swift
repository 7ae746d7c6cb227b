/// The yearly assessment of townships (issue 15 point 3): one scheme per county and year, stored whole (JSON: the
/// weights with their source, and once published the frozen results).
let M043_CreateTownshipAssessments = Migration(id: "M043_CreateTownshipAssessments") { d in
    [
        """
        CREATE TABLE township_assessments (county TEXT NOT NULL, year INTEGER NOT NULL, state TEXT NOT NULL,
          payload TEXT NOT NULL, updated_at \(bigint(d)) NOT NULL, PRIMARY KEY (county, year))
        """
    ]
}
