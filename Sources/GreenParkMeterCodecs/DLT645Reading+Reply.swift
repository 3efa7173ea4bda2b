extension DLT645Reading {
    /// The meter's reply frame carrying this reading of `item` (what a meter or a simulator
    /// sends): DI, then the value in BCD least significant byte first, sign in the top bit.
    ///
    /// Rule: the value must fit the item's digits (`2 * bytes` digits, one bit less for the
    /// sign of a signed item); a negative value needs a signed item.
    public func replyFrame(item: DLT645DataItem) throws(MeterCodecError) -> DLT645Frame {
        let format = item.format
        guard value.decimals == format.decimals, (1...9).contains(format.bytes) else {
            throw MeterCodecError(.badRequest, "\(value) does not have the \(format.decimals) decimals of DI "
                + DLT645Reading.hex(item.di))
        }
        guard value.mantissa >= 0 || format.signed else {
            throw MeterCodecError(.badValue, "DI \(DLT645Reading.hex(item.di)) cannot carry a negative value")
        }
        var magnitude = value.mantissa.magnitude
        var bytes: [UInt8] = []
        for _ in 0..<format.bytes {
            let pair = UInt8(magnitude % 100)
            // Parenthesised: << binds tighter than / in Swift (pair / 10 << 4 is pair / 160).
            bytes.append((pair / 10) << 4 | pair % 10)
            magnitude /= 100
        }
        let signTaken = format.signed && bytes[format.bytes - 1] & 0x80 != 0
        guard magnitude == 0, !signTaken else {
            throw MeterCodecError(.badValue, "\(value) does not fit the \(format.bytes) bytes of DI "
                + DLT645Reading.hex(item.di))
        }
        if value.mantissa < 0 { bytes[format.bytes - 1] |= 0x80 }
        return try DLT645Frame(
            address: address, control: DLT645Control.readData.reply, data: DLT645DataItem.bytes(of: di) + bytes)
    }
}
