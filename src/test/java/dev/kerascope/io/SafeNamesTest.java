package dev.kerascope.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SafeNamesTest {
    @Test
    void layerPathsBecomeFlatFileNames() {
        SafeNames n = new SafeNames();
        assertEquals("functional_1[0]__dense.npy", n.fileName("functional_1[0]/dense", ".npy"));
        assertEquals("conv1.npy", n.fileName("conv1", ".npy"));
        assertEquals("conv1_2.npy", n.fileName("conv1", ".npy"), "collisions are disambiguated");
    }

    @Test
    void hostileNamesStayInsideTheFolder() {
        Path out = Path.of("/tmp/out");
        for (String hostile : new String[] {"../../etc/x", "..", "/abs", "a\u0000b", "..\\..\\x", ".hidden"}) {
            String f = new SafeNames().fileName(hostile, ".npy");
            Path p = out.resolve(f).normalize();
            assertTrue(p.startsWith(out) && p.getParent().equals(out), hostile + " -> " + f);
            assertFalse(f.startsWith("."), f);
        }
    }
}
