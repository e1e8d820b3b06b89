package dev.sandbox;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.util.Collections;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sandbox's admin endpoints and mail list answer anyone who reaches them, so by default it listens on the loopback
 * address only: another machine (here: this machine's own network address) cannot connect to its HTTP or SMTP port.
 */
class SandboxBindAddressTest {

    private final InetAddress networkAddress = networkAddress();

    @Test
    void by_default_neither_port_accepts_a_connection_on_the_machines_network_address() {
        try (SandboxServer sandbox = SandboxServer.start(SandboxSettings.onFreePort())) {
            assertThat(connects(InetAddress.getLoopbackAddress(), sandbox.port())).as("HTTP on loopback").isTrue();
            assertThat(connects(InetAddress.getLoopbackAddress(), sandbox.smtpPort())).as("SMTP on loopback").isTrue();
            assertThat(connects(networkAddress, sandbox.port())).as("HTTP on " + networkAddress).isFalse();
            assertThat(connects(networkAddress, sandbox.smtpPort())).as("SMTP on " + networkAddress).isFalse();
        }
    }

    @Test
    void told_to_listen_on_every_interface_both_ports_accept_on_the_network_address() {
        try (SandboxServer sandbox = SandboxServer.start(SandboxSettings.onFreePort().withHost("0.0.0.0"))) {
            assertThat(connects(networkAddress, sandbox.port())).as("HTTP on " + networkAddress).isTrue();
            assertThat(connects(networkAddress, sandbox.smtpPort())).as("SMTP on " + networkAddress).isTrue();
        }
    }

    private static boolean connects(InetAddress address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    /** An IPv4 address of an interface that is up and not the loopback one; the test needs the machine to have one. */
    private static InetAddress networkAddress() {
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (nic.isUp() && !nic.isLoopback()) {
                    for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                        if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
                            return address;
                        }
                    }
                }
            }
        } catch (SocketException e) {
            throw new IllegalStateException(e);
        }
        throw new IllegalStateException("this test needs a network interface besides loopback");
    }
}
