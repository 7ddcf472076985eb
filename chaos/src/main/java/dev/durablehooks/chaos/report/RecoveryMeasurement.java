package dev.durablehooks.chaos.report;

/**
 * Recovery after one crash: how many executions were in flight (accepted before the crash, terminal after it), and
 * the time from the restart (process spawn) to its Listening line, to the first step the service ran again for one
 * of them, and to the moment the last of them was terminal. A duration is -1 when it could not be measured (no
 * execution in flight, or the next crash came first).
 */
public record RecoveryMeasurement(int run, long crashAtMillis, long restartAtMillis, int inFlight,
                                  long restartToListeningMillis, long restartToFirstResumedStepMillis,
                                  long restartToAllInFlightTerminalMillis) {
}
