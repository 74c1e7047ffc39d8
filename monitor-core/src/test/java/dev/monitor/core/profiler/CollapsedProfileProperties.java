package dev.monitor.core.profiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The collapsed format (Brendan Gregg's {@code frame;frame COUNT}) round-trips, merging is a sum, and a malformed
 * line costs only itself.
 */
class CollapsedProfileProperties {

    @Provide
    Arbitrary<CollapsedProfile.Stack> stacks() {
        // Frames from a small alphabet (so stacks share prefixes and repeat) plus anything the format can hold:
        // spaces, '<', non-ASCII; never ';' or a line break.
        Arbitrary<String> frame = Arbitraries.oneOf(
                Arbitraries.of("java.lang.Thread.run", "com.shop.Checkout.pay", "java.lang.String.format", "a"),
                Arbitraries.strings().ofMinLength(1).ofMaxLength(12).excludeChars(';', '\n', '\r'));
        return Combinators.combine(frame.list().ofMinSize(1).ofMaxSize(6), Arbitraries.longs().between(1, 1_000_000_000L))
                .as(CollapsedProfile.Stack::new);
    }

    @Provide
    Arbitrary<CollapsedProfile> profiles() {
        return stacks().list().ofMaxSize(20).map(CollapsedProfile::of);
    }

    @Property
    void parseOfWriteIsTheSame(@ForAll("profiles") CollapsedProfile profile) {
        CollapsedProfile read = CollapsedProfile.parse(profile.write());
        assertEquals(profile, read);
        assertEquals(List.of(), read.problems());
        assertEquals(profile.write(), read.write(), "written the same way: sorted, one line each");
    }

    @Property
    void windowsLineEndsAndBlankLinesReadTheSame(@ForAll("profiles") CollapsedProfile profile) {
        String crlf = "\n" + profile.write().replace("\n", "\r\n\r\n");
        assertEquals(profile, CollapsedProfile.parse(crlf));
    }

    @Property
    void mergeIsAssociativeAndCommutative(@ForAll("profiles") CollapsedProfile a, @ForAll("profiles") CollapsedProfile b,
            @ForAll("profiles") CollapsedProfile c) {
        assertEquals(a.merge(b).merge(c), a.merge(b.merge(c)));
        assertEquals(a.merge(b), b.merge(a));
        assertEquals(a, a.merge(CollapsedProfile.empty()));
        assertEquals(a.total() + b.total(), a.merge(b).total(), "nothing lost, nothing counted twice");
    }

    @Property
    void mergingIsParsingTheTextsTogether(@ForAll("profiles") CollapsedProfile a, @ForAll("profiles") CollapsedProfile b) {
        assertEquals(a.merge(b), CollapsedProfile.parse(a.write() + b.write()), "identical stacks are summed, as flamegraph.pl does");
    }

    @Provide
    Arbitrary<String> malformedLines() {
        return Arbitraries.of(
                "com.shop.Checkout.pay",          // no count
                "a;b 0",                          // zero is not a count
                "a;b -3",                         // nor a negative one
                "a;b 1.5",                        // nor a fraction
                "a;b many",                       // nor a word
                "a;b 99999999999999999999",       // beyond a long
                " 5",                             // no stack
                "a;;b 5",                         // an empty frame
                ";a 5",
                "a; 5",
                "a;b 5 ");                        // a space after the count
    }

    @Property
    void aMalformedLineIsNamedWithItsNumberAndTheRestIsKept(@ForAll("profiles") CollapsedProfile before,
            @ForAll("malformedLines") String bad, @ForAll("profiles") CollapsedProfile after) {
        String text = before.write() + bad + "\n" + after.write();
        int badLine = before.stacks().size() + 1;
        CollapsedProfile read = CollapsedProfile.parse("x.collapsed", text);
        assertEquals(before.merge(after), read, "every other line is kept");
        assertEquals(1, read.problems().size(), read.problems().toString());
        String problem = read.problems().get(0);
        assertTrue(problem.startsWith("x.collapsed, line " + badLine + ": "), problem);
        assertTrue(problem.endsWith("'" + bad + "'"), "quotes the line: " + problem);
    }

    @Property
    void theProblemNamesTheRule(@ForAll("malformedLines") String bad) {
        String problem = CollapsedProfile.parse(bad).problems().get(0);
        String rule = switch (bad) {
            case "com.shop.Checkout.pay" -> "with a space before the count";
            case "a;b 99999999999999999999" -> "is larger than 9223372036854775807";
            case " 5" -> "the stack before the count is empty";
            case "a;;b 5" -> "frame 2 of 3 is empty";
            case ";a 5" -> "frame 1 of 2 is empty";
            case "a; 5" -> "frame 2 of 2 is empty";
            default -> "is not a positive whole number";
        };
        assertTrue(problem.startsWith("line 1: ") && problem.contains(rule), problem);
    }

    @Property
    void aStackTheFormatCannotHoldIsRefused(@ForAll("stacks") CollapsedProfile.Stack stack) {
        List<String> withSemicolon = new ArrayList<>(stack.frames());
        withSemicolon.add("a;b");
        IllegalArgumentException semicolon = assertThrows(IllegalArgumentException.class,
                () -> new CollapsedProfile.Stack(withSemicolon, 1));
        assertTrue(semicolon.getMessage().contains("'a;b'") && semicolon.getMessage().contains("no ';'"), semicolon.getMessage());
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> new CollapsedProfile.Stack(stack.frames(), 0));
        assertTrue(zero.getMessage().contains("a count is positive"), zero.getMessage());
    }
}
