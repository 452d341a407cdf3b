package dev.kerascope.data;

import dev.kerascope.io.BadInputException;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The unsigned-byte arrays of a NumPy {@code .npy} stream (the members of Keras's {@code mnist.npz}). Only {@code |u1},
 * C order is read, because that is all the Keras data caches hold; anything else is refused with the reason. No
 * maintained Java library reads .npy, and the header is one Python dict literal.
 */
record NpyArray(long[] shape, byte[] data) {
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    public static NpyArray readUint8(InputStream stream, String where) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        byte[] magic = new byte[6];
        try {
            in.readFully(magic);
            if ((magic[0] & 0xff) != 0x93 || !new String(magic, 1, 5, StandardCharsets.US_ASCII).equals("NUMPY")) {
                throw new BadInputException(where + ": not a .npy array (bad magic)");
            }
            int major = in.readUnsignedByte();
            in.readUnsignedByte();
            long headerLen;
            if (major == 1) {
                headerLen = Short.toUnsignedInt(Short.reverseBytes(in.readShort()));
            } else {
                headerLen = Integer.toUnsignedLong(Integer.reverseBytes(in.readInt()));
            }
            if (headerLen > 1 << 20) {
                throw new BadInputException(where + ": .npy header of " + headerLen + " bytes is implausible");
            }
            byte[] header = new byte[(int) headerLen];
            in.readFully(header);
            String h = new String(header, StandardCharsets.ISO_8859_1);
            String descr = group(DESCR, h, where, "descr");
            if (!descr.equals("|u1") && !descr.equals("<u1") && !descr.equals(">u1")) {
                throw new BadInputException(where + ": dtype " + descr + " is not uint8");
            }
            if (group(FORTRAN, h, where, "fortran_order").equals("True")) {
                throw new BadInputException(where + ": Fortran-ordered arrays are not supported");
            }
            List<Long> dims = new ArrayList<>();
            for (String part : group(SHAPE, h, where, "shape").split(",")) {
                if (!part.isBlank()) {
                    dims.add(Long.parseLong(part.trim()));
                }
            }
            long size = 1;
            for (long d : dims) {
                // d is bounded before the product so that the long cannot wrap around to a small size.
                if (d < 0 || d > IdxReader.MAX_BYTES || (size *= d) > IdxReader.MAX_BYTES) {
                    throw new BadInputException(where + ": impossible shape " + dims);
                }
            }
            // The stream's length is unknown (a zip member): grow with the data instead of trusting the header.
            byte[] data = in.readNBytes((int) size);
            if (data.length < size) {
                throw new BadInputException(where + ": truncated .npy array (shape " + dims + " needs " + size
                        + " bytes, found " + data.length + ")");
            }
            return new NpyArray(dims.stream().mapToLong(Long::longValue).toArray(), data);
        } catch (EOFException e) {
            throw new BadInputException(where + ": truncated .npy array");
        } catch (NumberFormatException e) {
            throw new BadInputException(where + ": unreadable shape in .npy header");
        }
    }

    private static String group(Pattern p, String header, String where, String key) {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            throw new BadInputException(where + ": .npy header has no '" + key + "'");
        }
        return m.group(1);
    }
}
