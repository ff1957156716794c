package dev.ganforge.trainer.demo;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * The port of the local broker's KRaft controller. {@code deploy/local/kafka} takes the broker's port + 1 unless told
 * otherwise; on a busy machine that port can already be held (an outgoing connection's ephemeral port, say), and the
 * broker then fails to start. Only the broker itself talks to its controller, so any free port serves.
 */
public final class ControllerPort {

    private ControllerPort() {
    }

    /** The broker's port + 1 when it is free on loopback, else a free port the system picks. */
    public static int beside(int brokerPort) throws IOException {
        int next = brokerPort + 1;
        if (next <= 65_535 && isFree(next)) {
            return next;
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            // As strict as the broker's bind: an address reuse would hide a socket that holds the port.
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
