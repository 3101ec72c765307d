import Foundation
import Hummingbird
import Logging
import NIOCore
import ParleyCore
import ParleyModeration
import ParleyPostgres

/// The request context of parley's routes: the caller's address, and who they are once a
/// token was checked.
public struct ParleyRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The peer address of the connection (nil in in-process tests).
    public var peerAddress: String?
    /// The token the request authenticated with, on moderator routes.
    public var token: AccessToken?
    /// The connection, so a long-lived response (live events) can notice the client leave.
    let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        peerAddress = source.channel.remoteAddress?.ipAddress
        token = nil
        channel = source.channel
    }

    /// Parley reads request bodies itself, with its own limit.
    public var maxUploadSize: Int { 16 * 1024 * 1024 }
}
