package dev.kerascope.kerasfile;

import dev.kerascope.io.BadInputException;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * The entries of a Keras 3 {@code .keras} zip that kerascope needs, read with bounds. The central directory is checked
 * before anything is inflated (entry count, declared sizes, compression ratio), and inflation stops at the declared
 * size, since a forged directory can lie about it. Each entry read is checked against its size and CRC-32 as written:
 * {@link ZipFile} checks neither for a STORED entry (Keras 3 stores every member), so changed bytes in model.weights.h5
 * would otherwise be read as weights.
 */
final class KerasZip {
    static final int MAX_ENTRIES = 10_000;
    /** model.weights.h5 of the largest models people share is a few GB; kerascope targets small CNNs. */
    static final long MAX_ENTRY_BYTES = 2L * 1024 * 1024 * 1024 - 64;

    static final long MAX_TOTAL_BYTES = 4L * 1024 * 1024 * 1024;
    /** Weights barely compress and JSON stays under 20:1; a bomb of repeated bytes inflates about 1000:1. */
    static final long MAX_RATIO = 200;

    static final Set<String> WANTED = Set.of("config.json", "metadata.json", "model.weights.h5");

    private KerasZip() {}

    /** config.json, metadata.json and model.weights.h5 (those present) by name. */
    static Map<String, byte[]> read(Path file) {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            checkDirectory(file, zip);
            Map<String, byte[]> out = new HashMap<>();
            for (String name : WANTED) {
                ZipEntry e = zip.getEntry(name);
                if (e != null) {
                    out.put(name, inflate(file, zip, e));
                }
            }
            return out;
        } catch (ZipException e) {
            throw BadInputException.inFile(
                    file, "is not a readable .keras zip (" + e.getMessage() + "): truncated or not a zip");
        } catch (IOException e) {
            throw BadInputException.inFile(file, "cannot be read (" + e.getMessage() + ")");
        }
    }

    private static void checkDirectory(Path file, ZipFile zip) {
        if (zip.size() > MAX_ENTRIES) {
            throw BadInputException.inFile(
                    file, "has " + zip.size() + " zip entries (more than " + MAX_ENTRIES + "): refused");
        }
        long total = 0;
        for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
            ZipEntry e = en.nextElement();
            if (!WANTED.contains(e.getName())) {
                continue; // assets of preprocessing layers: never inflated
            }
            long size = e.getSize();
            long packed = e.getCompressedSize();
            if (size < 0 || size > MAX_ENTRY_BYTES) {
                throw BadInputException.inFile(
                        file,
                        "entry " + e.getName() + " declares " + size + " bytes uncompressed: refused (limit "
                                + MAX_ENTRY_BYTES + ")");
            }
            if (packed >= 0 && size > MAX_RATIO * Math.max(packed, 1)) {
                throw BadInputException.inFile(
                        file,
                        "entry " + e.getName() + " inflates " + packed + " bytes to " + size + " (more than "
                                + MAX_RATIO + ":1): a zip bomb, refused");
            }
            total += size;
        }
        if (total > MAX_TOTAL_BYTES) {
            throw BadInputException.inFile(file, "declares " + total + " bytes uncompressed: refused");
        }
    }

    /**
     * Inflates one entry, never past its declared size (a lying directory is a malformed file), and checks its CRC-32.
     */
    private static byte[] inflate(Path file, ZipFile zip, ZipEntry e) throws IOException {
        long declared = e.getSize();
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(declared, 1 << 24));
        byte[] buf = new byte[1 << 16];
        long total = 0;
        CRC32 crc = new CRC32();
        try (InputStream in = zip.getInputStream(e)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                total += n;
                if (total > declared) {
                    throw BadInputException.inFile(
                            file,
                            "entry " + e.getName() + " inflates past its declared " + declared + " bytes: refused");
                }
                out.write(buf, 0, n);
                crc.update(buf, 0, n);
            }
        } catch (ZipException | EOFException ex) {
            throw BadInputException.inFile(file, "entry " + e.getName() + " is corrupt (" + ex.getMessage() + ")");
        }
        if (total != declared) {
            throw BadInputException.inFile(
                    file,
                    "damaged: " + e.getName() + " is " + total + " bytes, its zip directory says " + declared
                            + " (the file was changed after it was written)");
        }
        // -1: a directory without a CRC (never written by Keras or Python's zipfile); nothing to check against
        if (e.getCrc() != -1 && crc.getValue() != e.getCrc()) {
            throw BadInputException.inFile(
                    file,
                    "damaged: " + e.getName() + " does not match its CRC-32 (the file was changed after it was"
                            + " written)");
        }
        return out.toByteArray();
    }
}
