package dev.foreman.api.jobs;

import dev.foreman.api.problem.ApiProblem;
import dev.foreman.api.problem.ProblemCode;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.UUID;

/**
 * The keyset cursor of the job and schedule lists: the last id of a page as unpadded base64url.
 * Opaque to clients, so the encoding may change without breaking them.
 */
public final class PageCursor {
    private static final int UUID_BYTES = 16;

    private PageCursor() {}

    public static String encode(UUID lastId) {
        ByteBuffer bytes = ByteBuffer.allocate(UUID_BYTES);
        bytes.putLong(lastId.getMostSignificantBits()).putLong(lastId.getLeastSignificantBits());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }

    /** @throws ApiProblem {@code invalid_cursor} when the text is not a cursor this API made */
    public static UUID decode(String cursor) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(cursor);
        } catch (IllegalArgumentException e) {
            throw new ApiProblem(ProblemCode.INVALID_CURSOR);
        }
        if (bytes.length != UUID_BYTES) {
            throw new ApiProblem(ProblemCode.INVALID_CURSOR);
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        return new UUID(buffer.getLong(), buffer.getLong());
    }
}
