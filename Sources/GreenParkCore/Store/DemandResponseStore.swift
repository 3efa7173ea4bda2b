/// Where the park's VTN keeps its OpenADR 3 objects (programs, events, reports,
/// subscriptions, VENs): one aggregate, a JSON body per object with the columns searches use.
/// ``InMemoryDemandResponseStore`` for tests; `SQLiteDemandResponseStore` (migration
/// "v12: openadr") in a park's store.
public protocol DemandResponseStore: AnyObject, Sendable {
    /// Stores a new object; false (nothing stored) when one of its kind already has its id,
    /// or its `name` (a program's or VEN's name is unique per kind).
    func insert(_ record: DemandResponseRecord) throws -> Bool

    /// Replaces the object of the same kind and id; false when there is none or another
    /// object of its kind has its `name`.
    func replace(_ record: DemandResponseRecord) throws -> Bool

    /// Removes the object; the removed one, or nil when there was none.
    func remove(kind: DemandResponseKind, id: String) throws -> DemandResponseRecord?

    /// The object of `kind` with `id`, if any.
    func record(kind: DemandResponseKind, id: String) throws -> DemandResponseRecord?

    /// The objects meeting `query`, in creation order, after skipping `query.skip`.
    func records(_ query: DemandResponseQuery) throws -> [DemandResponseRecord]
}
