import Hummingbird
import HummingbirdCore
import Logging
import NIOCore

/// Hummingbird's HTTP/1 child channel with a smaller receive buffer per connection.
///
/// NIO keeps each connection's receive buffer for reuse while the connection lives, sized
/// by its adaptive allocator: 2 kB from the first read by default, and up to 64 kB once a
/// large upload made it grow. Most of parley's connections are idle keep-alives and open
/// event streams whose requests are a few hundred bytes, so that buffer was about a tenth
/// of their memory. Starting at `receiveBufferInitial` and stopping at `receiveBufferMaximum`
/// costs one more read for a long request header or body, nothing otherwise.
struct LeanHTTP1Channel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value
    let base: HTTP1Channel
    let initial: Int
    let maximum: Int

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        do {
            try channel.syncOptions?.setOption(
                ChannelOptions.recvAllocator,
                value: AdaptiveRecvByteBufferAllocator(minimum: 64, initial: initial, maximum: maximum))
        } catch {
            return channel.eventLoop.makeFailedFuture(error)
        }
        return base.setup(channel: channel, logger: logger)
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}

extension HTTPServerBuilder {
    /// HTTP/1 with the receive buffer sizes of `LeanHTTP1Channel`.
    static func leanHTTP1(initial: Int, maximum: Int) -> HTTPServerBuilder {
        .init { responder in
            LeanHTTP1Channel(base: HTTP1Channel(responder: responder), initial: initial, maximum: maximum)
        }
    }
}
