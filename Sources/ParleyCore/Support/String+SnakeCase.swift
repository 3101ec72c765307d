extension String {
    /// `parentId` → `parent_id`: coding keys as JSON spells them, for error messages.
    public var snakeCased: String {
        var result = ""
        for character in self {
            if character.isUppercase {
                result += "_" + character.lowercased()
            } else {
                result.append(character)
            }
        }
        return result
    }
}
