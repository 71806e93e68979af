package io.trajectory.api;

import java.util.List;

/**
 * The copy that can answer this request lives on another instance: the API forwards the request
 * there ({@link Forwarder}) and relays the answer. Thrown only for requests that came from a
 * client ({@link ReadContext#mayForward()}).
 *
 * @param targets where to try, in order, each {@code host:port} with the hop to mark the request with
 */
public final class ForwardRequired extends RuntimeException {

    /** One place to forward to. */
    public record Target(String host, int port, ReadContext.Hop hop) {
    }

    private final transient Forwarder forwarder;
    private final List<Target> targets;

    public ForwardRequired(Forwarder forwarder, List<Target> targets) {
        super("forward to " + targets, null, false, false);
        this.forwarder = forwarder;
        this.targets = List.copyOf(targets);
    }

    public Forwarder forwarder() {
        return forwarder;
    }

    public List<Target> targets() {
        return targets;
    }
}
