package dev.kerascope.data;

import dev.kerascope.io.BadInputException;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A numeric NumPy {@code .npy} array (bool, int8–int64, uint8–uint32, float32/64, either byte order, C order): floats
 * for float dtypes, ints for the others, so integer data such as token ids keep every bit. No maintained Java library
 * reads .npy, and the header is one Python dict literal. Sizes are checked against the header and the file before
 * anything is allocated.
 */
public record NpyNumbers(long[] shape, String dtype, float[] floats, long[] ints) {
    /** At most this many elements (1 GiB of float32). */
    public static final long MAX_ELEMENTS = 1L << 28;

    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([<>|=])([a-z])(\\d+)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    public long count() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    public static NpyNumbers read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw BadInputException.inFile(file, "no such .npy file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, Files.size(file), file.toString());
        } catch (IOException e) {
            throw BadInputException.inFile(file, "cannot read it (" + e.getMessage() + ")");
        }
    }

    static NpyNumbers read(InputStream stream, long fileSize, String where) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        try {
            byte[] magic = new byte[6];
            in.readFully(magic);
            if ((magic[0] & 0xff) != 0x93 || !new String(magic, 1, 5, StandardCharsets.US_ASCII).equals("NUMPY")) {
                throw new BadInputException(where + ": not a .npy array (bad magic)");
            }
            int major = in.readUnsignedByte();
            in.readUnsignedByte();
            long headerLen = major == 1
                    ? Short.toUnsignedInt(Short.reverseBytes(in.readShort()))
                    : Integer.toUnsignedLong(Integer.reverseBytes(in.readInt()));
            long prefix = major == 1 ? 10 : 12;
            if (major < 1 || major > 3 || headerLen > 1 << 20 || headerLen + prefix > fileSize) {
                throw new BadInputException(
                        where + ": .npy header (version " + major + ", " + headerLen + " bytes) is implausible");
            }
            byte[] header = new byte[(int) headerLen];
            in.readFully(header);
            String h = new String(header, StandardCharsets.ISO_8859_1);
            Matcher d = DESCR.matcher(h);
            if (!d.find()) {
                throw new BadInputException(where + ": .npy dtype is not a number type (bool, int, uint or float)");
            }
            char kind = d.group(2).charAt(0);
            int width = Integer.parseInt(d.group(3));
            ByteOrder order = d.group(1).equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            if (!supported(kind, width)) {
                throw new BadInputException(where + ": .npy dtype " + d.group(1) + kind + width + " is not supported"
                        + " (bool, int8-64, uint8-32, float32/64)");
            }
            Matcher f = FORTRAN.matcher(h);
            if (f.find() && f.group(1).equals("True")) {
                throw new BadInputException(
                        where + ": Fortran-ordered arrays are not supported (save with np.ascontiguousarray)");
            }
            Matcher s = SHAPE.matcher(h);
            if (!s.find()) {
                throw new BadInputException(where + ": .npy header has no shape");
            }
            List<Long> dims = new ArrayList<>();
            for (String part : s.group(1).split(",")) {
                if (!part.isBlank()) {
                    dims.add(Long.parseLong(part.strip()));
                }
            }
            long count = 1;
            for (long dim : dims) {
                // dim is bounded before the product so that the long cannot wrap around to a small count.
                if (dim < 0 || dim > MAX_ELEMENTS || (count = count * dim) > MAX_ELEMENTS) {
                    throw new BadInputException(
                            where + ": shape " + dims + " is impossible or holds over " + MAX_ELEMENTS + " values");
                }
            }
            if (count * width > fileSize - prefix - headerLen) {
                throw new BadInputException(
                        where + ": truncated .npy array (shape " + dims + " needs " + count * width + " bytes)");
            }
            byte[] body = new byte[(int) (count * width)];
            in.readFully(body);
            ByteBuffer b = ByteBuffer.wrap(body).order(order);
            long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
            String dtype = (kind == 'b' ? "bool" : kind == 'f' ? "float" : kind == 'u' ? "uint" : "int")
                    + (kind == 'b' ? "" : width * 8);
            if (kind == 'f') {
                float[] v = new float[(int) count];
                for (int i = 0; i < v.length; i++) {
                    if (width == 4) {
                        v[i] = b.getFloat();
                        continue;
                    }
                    double x = b.getDouble();
                    v[i] = (float) x;
                    if (Float.isInfinite(v[i]) && !Double.isInfinite(x)) {
                        // float64 is read as float32: a value beyond its range would silently become infinite
                        throw new BadInputException(where + ": holds " + x + " at index " + i
                                + ", beyond float32's range (kerascope reads float64 arrays as float32)");
                    }
                }
                return new NpyNumbers(shape, dtype, v, null);
            }
            long[] v = new long[(int) count];
            for (int i = 0; i < v.length; i++) {
                v[i] = switch (width) {
                    case 1 -> kind == 'i' ? b.get() : b.get() & 0xff;
                    case 2 -> kind == 'i' ? b.getShort() : b.getShort() & 0xffff;
                    case 4 -> kind == 'i' ? b.getInt() : b.getInt() & 0xffffffffL;
                    default -> b.getLong();
                };
            }
            return new NpyNumbers(shape, dtype, null, v);
        } catch (EOFException e) {
            throw new BadInputException(where + ": truncated .npy array");
        } catch (NumberFormatException e) {
            throw new BadInputException(where + ": unreadable shape in .npy header");
        }
    }

    private static boolean supported(char kind, int width) {
        return switch (kind) {
            case 'b' -> width == 1;
            case 'i' -> width == 1 || width == 2 || width == 4 || width == 8;
            case 'u' -> width == 1 || width == 2 || width == 4;
            case 'f' -> width == 4 || width == 8;
            default -> false;
        };
    }
}
