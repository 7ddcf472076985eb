package dev.durablehooks.service.store;

/**
 * The statuses of a webhook, as the seed names them, with their rank: a status write only ever moves to a higher
 * rank. COMPLETED and FAILED share the top rank, so neither replaces the other.
 */
public enum WebhookStatus {
    STARTED(0), VALIDATING(1), PROCESSING(2), COMPLETED(3), FAILED(3);

    private final int rank;

    WebhookStatus(int rank) {
        this.rank = rank;
    }

    public int rank() {
        return rank;
    }

    public boolean isTerminal() {
        return rank == 3;
    }
}
