package org.layeranchor.serve;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Answers the errors Jetty raises itself, before a request reaches {@link EmotionServer}'s routes
 * (a malformed request line, a bad Content-Length, headers or a URL over the limit, a request the
 * parser cannot read, the HTTP/2 preface), in the service's documented JSON shape {"error": code,
 * "message": text} instead of Jetty's HTML page, whatever the method: Jetty's own handler writes a
 * body only for GET, POST and HEAD, so {@code CONNECT host:22} and {@code PRI * HTTP/2.0} got empty
 * answers (issue 25, row 15).
 */
final class JsonErrorHandler extends ErrorHandler {
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        byte[] body = EmotionServer.errorBody(codeFor(code), describe(code, message));
        boolean connect = HttpMethod.CONNECT.is(request.getMethod());
        if (connect) {
            // Jetty keeps a CONNECT connection open for a tunnel, even with Connection: close; there is none here.
            response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.write(true, ByteBuffer.wrap(body), !connect ? callback : Callback.from(() -> {
            callback.succeeded();
            request.getConnectionMetaData().getConnection().getEndPoint().close();
        }, callback::failed));
    }

    /** Errors found while parsing, when there is no request to hand to {@link #generateResponse}. */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(new HttpField(HttpHeader.CONTENT_TYPE, "application/json"));
        fields.put(new HttpField(HttpHeader.CACHE_CONTROL, "no-store"));
        return ByteBuffer.wrap(EmotionServer.errorBody(codeFor(status), describe(status, reason)));
    }

    static String codeFor(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 408 -> "request_timeout";
            case 411 -> "length_required";
            case 413 -> "body_too_large";
            case 414 -> "url_too_long";
            case 426 -> "upgrade_required";
            case 431 -> "headers_too_large";
            case 500 -> "internal_error";
            case 501 -> "not_implemented";
            case 505 -> "http_version_not_supported";
            default -> "http_" + status;
        };
    }

    private static String describe(int status, String reason) {
        String r = reason == null || reason.isBlank() ? null : reason;
        return switch (status) {
            case 414 -> "the URL is longer than the " + EmotionServer.MAX_HEADER_BYTES + " bytes this server reads for "
                    + "a request line and headers";
            case 431 -> "the request's headers are larger than the " + EmotionServer.MAX_HEADER_BYTES + " bytes this "
                    + "server reads";
            case 400 -> "malformed HTTP request" + (r == null ? "" : ": " + r);
            case 426 -> "this server speaks HTTP/1.1 only (no HTTP/2, with or without prior knowledge)";
            default -> r == null ? "HTTP " + status : r;
        };
    }
}
