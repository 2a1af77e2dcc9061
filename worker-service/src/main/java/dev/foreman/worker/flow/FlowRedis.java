package dev.foreman.worker.flow;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisStringCommands.SetOption;
import org.springframework.data.redis.connection.ReturnType;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.types.Expiration;
import org.springframework.stereotype.Component;

/**
 * The Redis side of flow control: rate buckets and permits. Each call is one
 * round trip: a batch of claims is decided with one pipeline of scripts. Every script works on
 * keys of one scope, so the whole state of a limit changes atomically.
 */
@Component
class FlowRedis {
    // GCRA: each start moves the theoretical arrival time (tat) one interval on. A start is free
    // while tat stays within burst intervals of now; otherwise the caller gets the start reserved
    // for it (delay ms from now) and waits for it parked: it asks again only when it came back too
    // late for that start, and then once (MissedStarts).
    private static final byte[] RESERVE = script("""
            local now = tonumber(ARGV[1])
            local interval = tonumber(ARGV[2])
            local burst = tonumber(ARGV[3])
            local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
            if tat < now then tat = now end
            local next_tat = tat + interval
            local start = next_tat - burst * interval
            if start < now then start = now end
            redis.call('SET', KEYS[1], string.format('%.3f', next_tat), 'PX', math.ceil(next_tat - now) + 60000)
            return math.ceil(start - now)
            """);

    // All or nothing: a permit of every scope, or none (and which scope refused, 1-based).
    private static final byte[] ACQUIRE = script("""
            local now = tonumber(ARGV[1])
            local member = ARGV[3]
            for i, key in ipairs(KEYS) do
              redis.call('ZREMRANGEBYSCORE', key, '-inf', now)
              if not redis.call('ZSCORE', key, member) and redis.call('ZCARD', key) >= tonumber(ARGV[3 + i]) then
                return i
              end
            end
            for i, key in ipairs(KEYS) do
              redis.call('ZADD', key, ARGV[2], member)
              redis.call('PEXPIRE', key, tonumber(ARGV[2]) - now + 60000)
            end
            return 0
            """);

    // KEYS: n permit sets, then their n parked markers. Answers, per scope, whether jobs may wait.
    private static final byte[] RELEASE = script("""
            local n = tonumber(ARGV[2])
            local waiting = {}
            for i = 1, n do
              redis.call('ZREM', KEYS[i], ARGV[1])
              waiting[i] = redis.call('EXISTS', KEYS[n + i])
            end
            return waiting
            """);

    private static final byte[] RENEW = script("""
            for i, key in ipairs(KEYS) do
              redis.call('ZADD', key, 'XX', ARGV[2], ARGV[1])
            end
            return 0
            """);

    private static final byte[] FREE = script("""
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', tonumber(ARGV[1]))
            return tonumber(ARGV[2]) - redis.call('ZCARD', KEYS[1])
            """);

    private final StringRedisTemplate redis;

    FlowRedis(StringRedisTemplate redis) {
        this.redis = redis;
    }

    /** Takes a start from each bucket; each answer is how many ms from now the start is reserved for. */
    List<Long> reserveStarts(List<RateBucket> buckets, Instant now) {
        if (buckets.isEmpty()) {
            return List.of();
        }
        return longs(redis.executePipelined((RedisCallback<Object>) connection -> {
            for (RateBucket bucket : buckets) {
                eval(
                        connection,
                        RESERVE,
                        ReturnType.INTEGER,
                        List.of(bucket.key()),
                        List.of(
                                String.valueOf(now.toEpochMilli()),
                                String.valueOf(bucket.intervalMs()),
                                String.valueOf(bucket.burst())));
            }
            return null;
        }));
    }

    /**
     * Asks, for each request, for a permit of every one of its scopes at once.
     *
     * @return per request, 0 when it got its permits, else the 1-based index of the scope that refused
     */
    List<Long> acquirePermits(List<List<PermitScope>> requests, List<String> members, Instant now, Instant expiry) {
        if (requests.isEmpty()) {
            return List.of();
        }
        return longs(redis.executePipelined((RedisCallback<Object>) connection -> {
            for (int i = 0; i < requests.size(); i++) {
                List<PermitScope> scopes = requests.get(i);
                List<String> args = new ArrayList<>();
                args.add(String.valueOf(now.toEpochMilli()));
                args.add(String.valueOf(expiry.toEpochMilli()));
                args.add(members.get(i));
                scopes.forEach(s -> args.add(String.valueOf(s.limit())));
                eval(
                        connection,
                        ACQUIRE,
                        ReturnType.INTEGER,
                        scopes.stream().map(PermitScope::permitsKey).toList(),
                        args);
            }
            return null;
        }));
    }

    /** Gives back {@code member}'s permits; answers, per scope, whether jobs may be parked behind it. */
    List<Boolean> releasePermits(List<PermitScope> scopes, String member) {
        List<String> keys = new ArrayList<>();
        scopes.forEach(s -> keys.add(s.permitsKey()));
        scopes.forEach(s -> keys.add(s.parkedKey()));
        List<?> waiting = redis.execute((RedisCallback<List<?>>) connection -> (List<?>)
                eval(connection, RELEASE, ReturnType.MULTI, keys, List.of(member, String.valueOf(scopes.size()))));
        List<Boolean> answers = new ArrayList<>();
        for (Object w : waiting) {
            answers.add(((Number) w).longValue() == 1);
        }
        return answers;
    }

    /** Keeps each member's permits until {@code expiry}, in one round trip. */
    void renewPermits(List<List<PermitScope>> scopes, List<String> members, Instant expiry) {
        if (scopes.isEmpty()) {
            return;
        }
        redis.executePipelined((RedisCallback<Object>) connection -> {
            for (int i = 0; i < scopes.size(); i++) {
                eval(
                        connection,
                        RENEW,
                        ReturnType.INTEGER,
                        scopes.get(i).stream().map(PermitScope::permitsKey).toList(),
                        List.of(members.get(i), String.valueOf(expiry.toEpochMilli())));
            }
            return null;
        });
    }

    /** Notes that jobs are parked behind each scope, for {@code ttl}. */
    void markParked(List<PermitScope> scopes, Duration ttl) {
        if (scopes.isEmpty()) {
            return;
        }
        redis.executePipelined((RedisCallback<Object>) connection -> {
            for (PermitScope scope : scopes) {
                connection
                        .stringCommands()
                        .set(
                                bytes(scope.parkedKey()),
                                bytes("1"),
                                Expiration.milliseconds(ttl.toMillis()),
                                SetOption.upsert());
            }
            return null;
        });
    }

    /**
     * Which of the attempts ({@code job:attempt} members) asked their rate bucket again after missing
     * the start it had reserved for them (see {@link MissedStarts}), in one round trip.
     */
    List<Boolean> askedAgain(List<String> members) {
        if (members.isEmpty()) {
            return List.of();
        }
        List<Object> answers = redis.executePipelined((RedisCallback<Object>) connection -> {
            for (String member : members) {
                connection.keyCommands().exists(bytes(askedAgainKey(member)));
            }
            return null;
        });
        return answers.stream()
                .map(a -> Boolean.TRUE.equals(a) || (a instanceof Number n && n.longValue() > 0))
                .toList();
    }

    /** Marks each attempt as having asked its rate bucket again, each for its own time, in one round trip. */
    void markAskedAgain(List<String> members, List<Duration> ttls) {
        if (members.isEmpty()) {
            return;
        }
        redis.executePipelined((RedisCallback<Object>) connection -> {
            for (int i = 0; i < members.size(); i++) {
                connection
                        .stringCommands()
                        .set(
                                bytes(askedAgainKey(members.get(i))),
                                bytes("1"),
                                Expiration.milliseconds(ttls.get(i).toMillis()),
                                SetOption.upsert());
            }
            return null;
        });
    }

    static String askedAgainKey(String member) {
        return "foreman:asked-again:" + member;
    }

    /** How many permits of the scope are free now. */
    long freePermits(PermitScope scope, Instant now) {
        Object free = redis.execute((RedisCallback<Object>) connection -> eval(
                connection,
                FREE,
                ReturnType.INTEGER,
                List.of(scope.permitsKey()),
                List.of(String.valueOf(now.toEpochMilli()), String.valueOf(scope.limit()))));
        return ((Number) free).longValue();
    }

    private static Object eval(
            RedisConnection connection, byte[] script, ReturnType type, List<String> keys, List<String> args) {
        byte[][] keysAndArgs = new byte[keys.size() + args.size()][];
        int i = 0;
        for (String key : keys) {
            keysAndArgs[i++] = bytes(key);
        }
        for (String arg : args) {
            keysAndArgs[i++] = bytes(arg);
        }
        return connection.scriptingCommands().eval(script, type, keys.size(), keysAndArgs);
    }

    private static List<Long> longs(List<Object> results) {
        return results.stream().map(r -> ((Number) r).longValue()).toList();
    }

    private static byte[] script(String text) {
        return bytes(text);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
