import Foundation

/// The county's table of legal grounds per delegation mode × item category (赋权/委托 of a penalty, a licence, a
/// 行政强制措施 …): permitted or forbidden, the articles (`;`-separated `法规名(YYYY-MM-DD)第N条`) and the wording.
let M028_CreateLegalGrounds = Migration(id: "M028_CreateLegalGrounds") { _ in
    [
        """
        CREATE TABLE legal_grounds (county TEXT NOT NULL, mode TEXT NOT NULL, category TEXT NOT NULL,
          permitted INTEGER NOT NULL, refs TEXT NOT NULL, wording TEXT NOT NULL,
          administrative_body_only INTEGER NOT NULL, updated_at TEXT NOT NULL, PRIMARY KEY (county, mode, category))
        """
    ]
}
