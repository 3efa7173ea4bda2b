/// The answer to a read-address request (C = 0x13): the one meter on the line tells its
/// number, in its frame's address and again in the data (+0x33).
public enum DLT645AddressReply {
    /// Rule: control 0x93, six data bytes, equal to the frame's address.
    public static func decode(_ bytes: UnsafeRawBufferPointer) throws(MeterCodecError) -> DLT645Address {
        let frame = try DLT645Frame.decode(bytes)
        guard frame.control == DLT645Control.readAddress.reply else {
            throw MeterCodecError(.mismatch, "a read-address answer has control 93, not "
                + DLT645Reading.hex(frame.control.rawValue))
        }
        guard frame.data.count == 6 else {
            throw MeterCodecError(.badLength, "a read-address answer carries 6 bytes, not \(frame.data.count)")
        }
        let address = DLT645Address(wireBytes: frame.data)
        guard address == frame.address else {
            throw MeterCodecError(.mismatch, "the answer's data \(address) differs from its address \(frame.address)")
        }
        return address
    }
}
