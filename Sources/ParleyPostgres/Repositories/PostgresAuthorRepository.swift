import ParleyCore

public struct PostgresAuthorRepository: AuthorRepository {
    let database: PostgresDatabase

    public func find(name: String) async throws -> Author? {
        let key = TextRules.nameKey(name)
        return try await database.run { connection in
            guard let row = try connection.query("SELECT \(Columns.author) FROM authors au WHERE au.id = \(Columns.authorID(nameKey: "$1"))", [key]).first else {
                return nil
            }
            var reader = row.reader()
            return try Columns.author(&reader)
        }
    }
}
