extension Park {
    /// Whose meter `id` is: the member it measures or the generator whose output it meters;
    /// nil for a meter the park does not have.
    public func owner(ofMeter id: String) -> AccessTarget.Owner? {
        if let member = members.first(where: { $0.meters.contains(id) }) { return .member(member.id) }
        if let generator = generators.first(where: { $0.meter == id }) { return .generator(generator.id) }
        return nil
    }

    /// Whose certificate account `id` is: a member's, or a generator's own; nil for neither.
    public func owner(ofAccount id: String) -> AccessTarget.Owner? {
        if members.contains(where: { $0.id == id }) { return .member(id) }
        if generators.contains(where: { $0.id == id }) { return .generator(id) }
        return nil
    }
}
