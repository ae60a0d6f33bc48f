package dev.migratefirst.runner;

/** How the runner writes its progress lines. */
public enum LogFormat {
    /** One readable line per step. */
    human,
    /** One JSON object per line (CloudWatch Logs Insights can query the fields). */
    json
}
