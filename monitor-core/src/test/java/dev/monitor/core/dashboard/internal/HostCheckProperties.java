package dev.monitor.core.dashboard.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** The Host check of a dashboard on loopback port 8080, against any Host header. */
class HostCheckProperties {
    private static final int PORT = 8080;
    private final HostCheck check = HostCheck.of(new InetSocketAddress("127.0.0.1", PORT),
            new InetSocketAddress(InetAddress.getLoopbackAddress(), PORT));

    @Provide
    Arbitrary<String> otherNames() {
        Arbitrary<String> label = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789-").ofMinLength(1).ofMaxLength(12);
        return label.list().ofMinSize(1).ofMaxSize(4).map(labels -> String.join(".", labels))
                .filter(name -> !name.equals("localhost"));
    }

    @Provide
    Arbitrary<String> ownNames() {
        return Arbitraries.of("localhost", "127.0.0.1", "[::1]")
                .flatMap(name -> Arbitraries.of(name, name.toUpperCase(Locale.ROOT), name + "."));
    }

    @Property
    void aNameOfAnotherSiteIsRefusedWhateverThePort(@ForAll("otherNames") String name,
                                                    @ForAll @IntRange(min = 0, max = 65535) int port) {
        assertFalse(check.allows(name + ":" + port), name);
        assertFalse(check.allows(name), name);
        assertFalse(check.allows(name + ".localhost:" + PORT), name);
    }

    @Property
    void itsOwnNamesAreAcceptedOnlyWithItsPort(@ForAll("ownNames") String name,
                                               @ForAll @IntRange(min = 0, max = 65535) int port) {
        assertEquals(port == PORT, check.allows(name + ":" + port), name + ":" + port);
        assertFalse(check.allows(name), "no port means 80");
    }

    @Property
    void anyHeaderIsAnsweredWithoutThrowing(@ForAll String header) {
        check.allows(header);
    }
}
