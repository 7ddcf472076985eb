package dev.durablehooks.durable.serde;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;

/** Captures a generic type: {@code new TypeToken<List<String>>() {}}. */
public abstract class TypeToken<T> {
    private final Type type;

    protected TypeToken() {
        Type superclass = getClass().getGenericSuperclass();
        if (!(superclass instanceof ParameterizedType parameterized)) {
            throw new IllegalStateException("TypeToken must be created with a type argument: new TypeToken<Foo>() {}");
        }
        this.type = parameterized.getActualTypeArguments()[0];
    }

    private TypeToken(Type type) {
        this.type = type;
    }

    public static <T> TypeToken<T> of(Class<T> type) {
        return new TypeToken<>(type) {
        };
    }

    /** A token for a type obtained by reflection (e.g. a handler's resolved type argument). */
    @SuppressWarnings("unchecked")
    public static <T> TypeToken<T> ofType(Type type) {
        if (type == null) {
            throw new IllegalArgumentException("type is required");
        }
        return (TypeToken<T>) new TypeToken<Object>(type) {
        };
    }

    public Type getType() {
        return type;
    }
}
