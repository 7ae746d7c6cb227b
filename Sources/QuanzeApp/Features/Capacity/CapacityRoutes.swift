import Hummingbird

/// Capacity (承接能力, DESIGN §6): a unit's staff, certificates, secondments, training and equipment with its figures
/// and the fit for an item; the district's figures per unit; the departments' training courses; and their JSON API.
/// Reads need `viewUnit`, writes `editUnit` (courses: a department or the establishment office).
func addCapacityRoutes(_ router: Router<AppContext>, services s: AppServices) {
    typealias U = CapacityController
    typealias D = CapacityDistrictController
    typealias A = CapacityAPI
    router.get("/units/:code/capacity") { r, c in try await U.show(r, context: c, services: s) }
    router.get("/units/:code/capacity/fit") { r, c in try await U.fit(r, context: c, services: s) }
    router.post("/units/:code/capacity/staff") { r, c in try await U.save(.staff, r, context: c, services: s) }
    router.post("/units/:code/capacity/certificates") { r, c in
        try await U.save(.certificate, r, context: c, services: s)
    }
    router.post("/units/:code/capacity/secondments") { r, c in
        try await U.save(.secondment, r, context: c, services: s)
    }
    router.post("/units/:code/capacity/equipment") { r, c in try await U.save(.equipment, r, context: c, services: s) }
    router.post("/units/:code/capacity/standardisation") { r, c in
        try await U.save(.standardisation, r, context: c, services: s)
    }
    router.post("/units/:code/capacity/import/staff") { r, c in
        try await U.importCSV(.staff, r, context: c, services: s)
    }
    router.post("/units/:code/capacity/import/attendance") { r, c in
        try await U.importCSV(.attendance, r, context: c, services: s)
    }
    router.get("/capacity") { r, c in try await D.district(r, context: c, services: s) }
    router.get("/capacity/courses") { r, c in try await D.courses(r, context: c, services: s) }
    router.post("/capacity/courses") { r, c in try await D.createCourse(r, context: c, services: s) }
    let api = router.group("api/v1")
    api.get("units/:code/capacity") { r, c in try await A.unit(r, context: c, services: s) }
    api.get("units/:code/capacity/fit") { r, c in try await A.fit(r, context: c, services: s) }
    api.get("capacity") { r, c in try await A.district(r, context: c, services: s) }
    // The same uploads for scripts and other systems with a token (`units:write`): a raw CSV body, a JSON answer.
    api.post("units/:code/capacity/import/staff") { r, c in try await U.importCSV(.staff, r, context: c, services: s) }
    api.post("units/:code/capacity/import/attendance") { r, c in
        try await U.importCSV(.attendance, r, context: c, services: s)
    }
}
