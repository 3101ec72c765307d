import ArgumentParser
import ParleyCore

extension ModerationMode: ExpressibleByArgument {}
extension ThreadSort: ExpressibleByArgument {}
extension ArticleStatus: ExpressibleByArgument {}
extension TrustLevel: ExpressibleByArgument {}
extension TokenRole: ExpressibleByArgument {}
extension SignInPolicy: ExpressibleByArgument {}
