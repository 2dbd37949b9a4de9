import Hummingbird
import NIOCore

/// A request's context: the client's address, by which sign-in attempts are limited.
public struct WorkbenchContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// The client's IP address, or "" when unknown.
    var client: String { remoteAddress?.ipAddress ?? "" }
}
