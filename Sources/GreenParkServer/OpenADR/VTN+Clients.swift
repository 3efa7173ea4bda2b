import Foundation
import GreenParkCore
import GreenParkOpenADR
import GreenParkServices

/// The VTN's subscriptions and VENs: what members' VENs write, each seeing only its own.
extension VTN {
    func searchSubscriptions(_ input: VTNOperations.SearchSubscriptions.Input) async throws
        -> VTNOperations.SearchSubscriptions.Output {
        var search = try Self.search(targets: nil, skip: input.query.skip, limit: input.query.limit)
        search.programID = input.query.programID
        search.clientName = input.query.clientName
        search.objects = (input.query.objects ?? []).map(\.rawValue)
        let found = search
        let list = try await run { .array(try $0.search(.subscription, found, by: $1)) }
        return .ok(.init(body: .json(try Self.decode(list))))
    }

    func createSubscription(_ input: VTNOperations.CreateSubscription.Input) async throws
        -> VTNOperations.CreateSubscription.Output {
        let body = try Self.bytes({ switch input.body { case .json(let request): request } }())
        return .created(.init(body: .json(try Self.decode(await run { try $0.create(.subscription, body: body,
                                                                                    by: $1) }))))
    }

    func searchSubscriptionByID(_ input: VTNOperations.SearchSubscriptionByID.Input) async throws
        -> VTNOperations.SearchSubscriptionByID.Output {
        let id = input.path.subscriptionID
        return .ok(.init(body: .json(try Self.decode(await run { try $0.object(.subscription, id: id, by: $1) }))))
    }

    func updateSubscription(_ input: VTNOperations.UpdateSubscription.Input) async throws
        -> VTNOperations.UpdateSubscription.Output {
        let id = input.path.subscriptionID
        let body = try Self.bytes(input.body.map { switch $0 { case .json(let request): request } })
        return .ok(.init(body: .json(try Self.decode(await run { try $0.update(.subscription, id: id, body: body,
                                                                               by: $1) }))))
    }

    func deleteSubscription(_ input: VTNOperations.DeleteSubscription.Input) async throws
        -> VTNOperations.DeleteSubscription.Output {
        let id = input.path.subscriptionID
        return .ok(.init(body: .json(try Self.decode(await run { try $0.delete(.subscription, id: id, by: $1) }))))
    }

    func searchVens(_ input: VTNOperations.SearchVens.Input) async throws -> VTNOperations.SearchVens.Output {
        var search = try Self.search(targets: input.query.targets, skip: input.query.skip, limit: input.query.limit)
        search.venName = input.query.venName
        let found = search
        let list = try await run { .array(try $0.search(.ven, found, by: $1)) }
        return .ok(.init(body: .json(try (list.array ?? []).map(Self.ven))))
    }

    func createVen(_ input: VTNOperations.CreateVen.Input) async throws -> VTNOperations.CreateVen.Output {
        let body = try Self.bytes({ switch input.body { case .json(let request): request } }())
        return .created(.init(body: .json(try Self.ven(await run { try $0.create(.ven, body: body, by: $1) }))))
    }

    func searchVenByID(_ input: VTNOperations.SearchVenByID.Input) async throws -> VTNOperations.SearchVenByID.Output {
        let id = input.path.venID
        return .ok(.init(body: .json(try Self.ven(await run { try $0.object(.ven, id: id, by: $1) }))))
    }

    func updateVen(_ input: VTNOperations.UpdateVen.Input) async throws -> VTNOperations.UpdateVen.Output {
        let id = input.path.venID
        let body = try Self.bytes(input.body.map { switch $0 { case .json(let request): request } })
        return .ok(.init(body: .json(try Self.ven(await run { try $0.update(.ven, id: id, body: body, by: $1) }))))
    }

    func deleteVen(_ input: VTNOperations.DeleteVen.Input) async throws -> VTNOperations.DeleteVen.Output {
        let id = input.path.venID
        return .ok(.init(body: .json(try Self.ven(await run { try $0.delete(.ven, id: id, by: $1) }))))
    }

    /// A stored VEN as the document's `ven`: allOf `objectMetadata` (objectType `VEN`) and
    /// `BlVenRequest` (objectType `BL_VEN_REQUEST`), which the 3.1.0 document asks of the same
    /// field; each part is read with its own value, and the answer carries the second.
    static func ven(_ object: JSONValue) throws -> VTNSchemas.Ven {
        var fields = object.object ?? [:]
        fields["objectType"] = .string("BL_VEN_REQUEST")
        let request: VTNSchemas.BlVenRequest = try decode(.object(fields))
        fields["objectType"] = .string(DemandResponseKind.ven.rawValue)
        let metadata: VTNSchemas.ObjectMetadata = try decode(.object(fields))
        return VTNSchemas.Ven(value1: metadata, value2: request)
    }
}
