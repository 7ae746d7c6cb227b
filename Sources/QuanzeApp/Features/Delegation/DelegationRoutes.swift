import Hummingbird

/// The lifecycle's routes: the JSON API (also the target of the staff pages' forms: a refused form comes back as
/// the work page, `FormReturn`), the public menu and documents, and the work page of each role.
func addDelegationRoutes(_ router: Router<AppContext>, services s: AppServices) {
    typealias C = DelegationController
    let work = FormReturn { r, c, refusal in
        try await DelegationPages.work(r, context: c, services: s, refusal: refusal)
    }
    let api = router.group("api/v1/delegation")
    api.get("proposals") { r, c in try await C.proposals(r, context: c, services: s) }
    api.post("proposals") { r, c in try await work.run(r, c) { r, c in try await C.propose(r, context: c, services: s) }
    }
    api.post("proposals/:id/events") { r, c in
        try await work.run(r, c) { r, c in try await C.proposalEvent(r, context: c, services: s) }
    }
    api.post("menus") { r, c in try await work.run(r, c) { r, c in try await C.publishMenu(r, context: c, services: s) }
    }
    api.get("menu") { r, c in try await C.menu(r, context: c, services: s) }
    api.get("orders") { r, c in try await C.orders(r, context: c, services: s) }
    api.post("orders") { r, c in try await work.run(r, c) { r, c in try await C.placeOrder(r, context: c, services: s) }
    }
    api.post("reviews") { r, c in
        try await work.run(r, c) { r, c in try await ReviewBatchController.decide(r, context: c, services: s) }
    }
    api.post("orders/:id/lines/:line") { r, c in
        try await work.run(r, c) { r, c in try await C.decideLine(r, context: c, services: s) }
    }
    api.post("agreements") { r, c in
        try await work.run(r, c) { r, c in try await C.drawAgreement(r, context: c, services: s) }
    }
    api.get("agreements/:id") { r, c in try await C.agreement(r, context: c, services: s) }
    api.post("agreements/:id/events") { r, c in
        try await work.run(r, c) { r, c in try await C.agreementEvent(r, context: c, services: s) }
    }
    api.post("agreements/:id/scans") { r, c in try await C.uploadScan(r, context: c, services: s) }
    api.get("agreements/:id/scans/:sha256") { r, c in try await C.downloadScan(r, context: c, services: s) }
    api.get("delegations") { r, c in try await C.delegations(r, context: c, services: s) }
    api.post("delegations/:id/events") { r, c in
        try await work.run(r, c) { r, c in try await C.delegationEvent(r, context: c, services: s) }
    }
    api.get("grounds") { r, c in try await GroundsController.list(r, context: c, services: s) }
    api.post("grounds") { r, c in try await GroundsController.apiSave(r, context: c, services: s) }
    router.get("/delegation") { r, c in try await DelegationPages.work(r, context: c, services: s) }
    router.get("/delegation/catalogues") { r, c in try await CataloguesController.page(r, context: c, services: s) }
    router.post("/delegation/catalogues") { r, c in try await CataloguesController.upload(r, context: c, services: s) }
    router.get("/delegation/grounds") { r, c in try await GroundsController.page(r, context: c, services: s) }
    router.post("/delegation/grounds") { r, c in try await GroundsController.save(r, context: c, services: s) }
    router.get("/menu") { r, c in try await DelegationPages.menu(r, context: c, services: s) }
    router.get("/agreements/:id") { r, c in try await DelegationPages.document(r, context: c, services: s) }
}
