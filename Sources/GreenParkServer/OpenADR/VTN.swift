import Foundation
import GreenParkCore
import GreenParkOpenADR
import GreenParkServices

typealias VTNOperations = GreenParkOpenADR.Operations
typealias VTNSchemas = GreenParkOpenADR.Components.Schemas

/// The park's OpenADR 3 VTN under `/openadr3` (docs/demand-response.md): the handlers of the
/// operations generated from the OpenADR 3.1.0 document (target GreenParkOpenADR) for
/// programs, events, reports, subscriptions and VENs, on ``DemandResponseService``. The
/// generated layer decodes requests into the document's types; the handlers hand them to the
/// service as JSON and turn what it stored back into the document's types. Signed in with
/// the API's bearer tokens: the operator is the business logic, a member's token a VEN. A
/// change of a program, event or report is notified to the matching subscriptions'
/// callbacks by ``WebhookClient`` in the background.
struct VTN: GreenParkOpenADR.APIProtocol {
    let context: ParkContext
    let webhooks: WebhookClient

    var service: DemandResponseService { DemandResponseService(context: context) }

    // MARK: programs

    func searchAllPrograms(_ input: VTNOperations.SearchAllPrograms.Input) async throws
        -> VTNOperations.SearchAllPrograms.Output {
        let search = try Self.search(targets: input.query.targets, skip: input.query.skip, limit: input.query.limit)
        return .ok(.init(body: .json(try Self.decode(await run { .array(try $0.search(.program, search, by: $1)) }))))
    }

    func createProgram(_ input: VTNOperations.CreateProgram.Input) async throws -> VTNOperations.CreateProgram.Output {
        let body = try Self.bytes(input.body.map { switch $0 { case .json(let request): request } })
        return .created(.init(body: .json(try Self.decode(await run(notify: (.program, "CREATE")) {
            try $0.create(.program, body: body, by: $1)
        }))))
    }

    func searchProgramByProgramId(_ input: VTNOperations.SearchProgramByProgramId.Input) async throws
        -> VTNOperations.SearchProgramByProgramId.Output {
        let id = input.path.programID
        return .ok(.init(body: .json(try Self.decode(await run { try $0.object(.program, id: id, by: $1) }))))
    }

    func updateProgram(_ input: VTNOperations.UpdateProgram.Input) async throws -> VTNOperations.UpdateProgram.Output {
        let id = input.path.programID
        let body = try Self.bytes(input.body.map { switch $0 { case .json(let request): request } })
        return .ok(.init(body: .json(try Self.decode(await run(notify: (.program, "UPDATE")) {
            try $0.update(.program, id: id, body: body, by: $1)
        }))))
    }

    func deleteProgram(_ input: VTNOperations.DeleteProgram.Input) async throws -> VTNOperations.DeleteProgram.Output {
        let id = input.path.programID
        return .ok(.init(body: .json(try Self.decode(await run(notify: (.program, "DELETE")) {
            try $0.delete(.program, id: id, by: $1)
        }))))
    }

    // MARK: events

    func searchAllEvents(_ input: VTNOperations.SearchAllEvents.Input) async throws
        -> VTNOperations.SearchAllEvents.Output {
        var search = try Self.search(targets: input.query.targets, skip: input.query.skip, limit: input.query.limit)
        search.programID = input.query.programID
        let found = search
        return .ok(.init(body: .json(try Self.decode(await run { .array(try $0.search(.event, found, by: $1)) }))))
    }

    func createEvent(_ input: VTNOperations.CreateEvent.Input) async throws -> VTNOperations.CreateEvent.Output {
        let body = try Self.bytes(input.body.map { switch $0 { case .json(let request): request } })
        return .created(.init(body: .json(try Self.decode(await run(notify: (.event, "CREATE")) {
            try $0.create(.event, body: body, by: $1)
        }))))
    }

    func searchEventsByID(_ input: VTNOperations.SearchEventsByID.Input) async throws
        -> VTNOperations.SearchEventsByID.Output {
        let id = input.path.eventID
        return .ok(.init(body: .json(try Self.decode(await run { try $0.object(.event, id: id, by: $1) }))))
    }

    func updateEvent(_ input: VTNOperations.UpdateEvent.Input) async throws -> VTNOperations.UpdateEvent.Output {
        let id = input.path.eventID
        let body = try Self.bytes(input.body.map { switch $0 { case .json(let request): request } })
        return .ok(.init(body: .json(try Self.decode(await run(notify: (.event, "UPDATE")) {
            try $0.update(.event, id: id, body: body, by: $1)
        }))))
    }

    func deleteEvent(_ input: VTNOperations.DeleteEvent.Input) async throws -> VTNOperations.DeleteEvent.Output {
        let id = input.path.eventID
        return .ok(.init(body: .json(try Self.decode(await run(notify: (.event, "DELETE")) {
            try $0.delete(.event, id: id, by: $1)
        }))))
    }

    // MARK: reports

    func searchAllReports(_ input: VTNOperations.SearchAllReports.Input) async throws
        -> VTNOperations.SearchAllReports.Output {
        var search = try Self.search(targets: nil, skip: input.query.skip, limit: input.query.limit)
        search.programID = input.query.programID
        search.eventID = input.query.eventID
        search.clientName = input.query.clientName
        let found = search
        return .ok(.init(body: .json(try Self.decode(await run { .array(try $0.search(.report, found, by: $1)) }))))
    }

    func createReport(_ input: VTNOperations.CreateReport.Input) async throws -> VTNOperations.CreateReport.Output {
        let body = try Self.bytes(input.body.map { switch $0 { case .json(let request): request } })
        return .created(.init(body: .json(try Self.decode(await run(notify: (.report, "CREATE")) {
            try $0.create(.report, body: body, by: $1)
        }))))
    }

    func searchReportsByReportID(_ input: VTNOperations.SearchReportsByReportID.Input) async throws
        -> VTNOperations.SearchReportsByReportID.Output {
        let id = input.path.reportID
        return .ok(.init(body: .json(try Self.decode(await run { try $0.object(.report, id: id, by: $1) }))))
    }

    func updateReport(_ input: VTNOperations.UpdateReport.Input) async throws -> VTNOperations.UpdateReport.Output {
        let id = input.path.reportID
        let body = try Self.bytes(input.body.map { switch $0 { case .json(let request): request } })
        return .ok(.init(body: .json(try Self.decode(await run(notify: (.report, "UPDATE")) {
            try $0.update(.report, id: id, body: body, by: $1)
        }))))
    }

    func deleteReport(_ input: VTNOperations.DeleteReport.Input) async throws -> VTNOperations.DeleteReport.Output {
        let id = input.path.reportID
        return .ok(.init(body: .json(try Self.decode(await run(notify: (.report, "DELETE")) {
            try $0.delete(.report, id: id, by: $1)
        }))))
    }
}
