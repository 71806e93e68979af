package io.trajectory.app.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A minimal HTTP/1.1 client over one kept-alive socket, for the load generator: GET only, reads
 * {@code Content-Length} and chunked bodies, reconnects when the server closes. Far cheaper per
 * request than {@code java.net.http}, so the load generator takes less of the CPU it shares with
 * the server it measures.
 */
final class HttpConnection implements Closeable {

    private final String host;
    private final int port;
    private final int timeoutMillis;
    private final String authorization;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private final StringBuilder line = new StringBuilder(128);
    private final byte[] skip = new byte[8192];

    HttpConnection(String host, int port, int timeoutMillis, String apiKey) {
        this.authorization = apiKey == null || apiKey.isEmpty() ? "" : "Authorization: Bearer " + apiKey + "\r\n";
        this.host = host;
        this.port = port;
        this.timeoutMillis = timeoutMillis;
    }

    /** Sends {@code GET path}, reads the whole response and returns its status code. */
    int get(String path) throws IOException {
        if (socket == null) {
            connect();
        }
        try {
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nAccept: application/json\r\n" + authorization + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return readResponse();
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    private void connect() throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(timeoutMillis);
        socket.connect(new InetSocketAddress(host, port), timeoutMillis);
        in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        out = new BufferedOutputStream(socket.getOutputStream(), 1024);
    }

    private int readResponse() throws IOException {
        String status = readLine();
        if (!status.startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP response: " + status);
        }
        int code = Integer.parseInt(status.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean closeAfter = status.startsWith("HTTP/1.0");
        for (String header = readLine(); !header.isEmpty(); header = readLine()) {
            int colon = header.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> closeAfter = value.equalsIgnoreCase("close");
                default -> {
                }
            }
        }
        if (chunked) {
            for (long size = Long.parseLong(readLine().split(";")[0].trim(), 16); size > 0;
                    size = Long.parseLong(readLine().split(";")[0].trim(), 16)) {
                discard(size);
                readLine();
            }
            for (String trailer = readLine(); !trailer.isEmpty(); trailer = readLine()) {
                // trailers: ignored
            }
        } else if (length >= 0) {
            discard(length);
        } else {
            closeAfter = true; // body until the server closes
            while (in.read(skip) >= 0) {
                // drain
            }
        }
        if (closeAfter) {
            close();
        }
        return code;
    }

    private void discard(long n) throws IOException {
        long left = n;
        while (left > 0) {
            int r = in.read(skip, 0, (int) Math.min(skip.length, left));
            if (r < 0) {
                throw new EOFException("connection closed in a response body");
            }
            left -= r;
        }
    }

    private String readLine() throws IOException {
        line.setLength(0);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed by the server");
            }
            if (b == '\n') {
                int len = line.length();
                if (len > 0 && line.charAt(len - 1) == '\r') {
                    line.setLength(len - 1);
                }
                return line.toString();
            }
            line.append((char) b);
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
            socket = null;
        }
    }
}
