package dev.kerascope.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PythonFloatsTest {
    @Test
    void matchesPythonRepr() {
        // Each expected string is what CPython's repr() prints for the same double.
        assertEquals("0.1", PythonFloats.repr(0.1));
        assertEquals("0.9561166763305664", PythonFloats.repr((double) 0.9561166763305664f));
        assertEquals("1e-05", PythonFloats.repr(1e-5));
        assertEquals("0.0001", PythonFloats.repr(1e-4));
        assertEquals("2.5e-07", PythonFloats.repr(2.5e-7));
        assertEquals("123.0", PythonFloats.repr(123.0));
        assertEquals("1e+16", PythonFloats.repr(1e16));
        assertEquals("-0.5", PythonFloats.repr(-0.5));
        assertEquals("nan", PythonFloats.repr(Double.NaN));
    }
}
