package dev.ganforge.trainer.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class ControllerPortTest {

    @Test
    void theScriptsConventionWhenTheNextPortIsFree() throws Exception {
        int free;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            free = probe.getLocalPort();
        }
        assertEquals(free, ControllerPort.beside(free - 1));
    }

    @Test
    void anotherFreePortWhenTheNextOneIsHeld() throws Exception {
        try (ServerSocket held = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int broker = held.getLocalPort() - 1;
            int controller = ControllerPort.beside(broker);
            assertNotEquals(held.getLocalPort(), controller, "the held port must not be handed to the controller");
            try (ServerSocket bound = new ServerSocket(controller, 1, InetAddress.getLoopbackAddress())) {
                assertEquals(controller, bound.getLocalPort());
            }
        }
    }
}
