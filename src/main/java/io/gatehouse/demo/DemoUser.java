package io.gatehouse.demo;

/**
 * A demo site account; the password is kept in plain text because it is printed at start for people
 * trying the demo.
 */
public record DemoUser(String email, String password, String name, boolean admin) {

    @Override
    public String toString() {
        return "DemoUser[email=" + email + ", name=" + name + ", admin=" + admin + "]";
    }
}
