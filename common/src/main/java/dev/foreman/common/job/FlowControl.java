package dev.foreman.common.job;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A job's flow-control facts as a worker claims it.
 *
 * @param key the job's flow-control key, or null
 * @param maxConcurrency the most attempts of the key's jobs running at once, or null
 * @param perSecond the most starts a second of the key's jobs, or null
 * @param parkedFor why the job waited parked before this claim (the SQL name), or null
 */
public record FlowControl(String key, Integer maxConcurrency, Double perSecond, String parkedFor) {
    public static final FlowControl NONE = new FlowControl(null, null, null, null);

    /** Reads the flow-control columns of a claimed row. */
    static FlowControl of(ResultSet rs) throws SQLException {
        return new FlowControl(
                rs.getString("flow_key"),
                rs.getObject("flow_max_concurrency", Integer.class),
                rs.getObject("flow_per_second", Double.class),
                rs.getString("parked_for"));
    }
}
