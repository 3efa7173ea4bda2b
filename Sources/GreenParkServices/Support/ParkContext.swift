import Foundation
import GreenParkCore
import GreenParkFormats

/// What every use case works on: the validated park, where its file is (data files it names
/// are read relative to it), its stores and the clock. The CLI and the server each make
/// one and call the services with it.
public struct ParkContext: Sendable {
    public let park: Park
    public let parkFile: URL
    public let stores: ParkStores
    /// The time of record of what a use case stores (the real time, except in a simulation
    /// such as the demo, whose outputs say so).
    public let now: @Sendable () -> Timestamp

    public init(park: Park, parkFile: URL, stores: ParkStores, now: @escaping @Sendable () -> Timestamp = { Timestamp.now() }) {
        self.park = park
        self.parkFile = parkFile
        self.stores = stores
        self.now = now
    }

    /// The directory of the park file: data files the park file names are relative to it.
    public var directory: URL { parkFile.deletingLastPathComponent() }

    /// The park's local calendar.
    public var local: LocalTime { LocalTime(identifier: park.settings.timeZone)! }
}
