# The soak test's key generator: random but replayable. The same seed and count give the
# same lines with any awk (a Park-Miller generator in exact double arithmetic, not rand()).
#
#   awk -v seed=S -v n=N -f tests/soak/keys.awk
#
# One line per action: a tmux send-keys key name ("7", "Enter", "Down", "Escape", "F10", "a"),
# or an action for the driver (tests/soak/soak.sh):
#   @pin            type the staff PIN and Enter (after F10, most of the time)
#   @badpin         type a wrong PIN and Enter (rarely: five in a row lock PIN entry)
#   @resize C R     resize the terminal
#   @idle           wait out the idle timeout and the countdown (the session is wiped)
#   @still          wait for the idle countdown, then press a key ("still here")
#   @print          go to a checklist and print its slip
#   @quit           Ctrl-\ three times: the operator's exit (the driver restarts the kiosk)
# Keys are weighted like a person at the keypad: mostly digits, Enter, arrows and back.
function next_rand() {
    state = (state * 48271) % 2147483647
    return state / 2147483647
}
function pick(   r, i) {
    r = next_rand() * total
    for (i = 1; i <= nk; i++) {
        if (r < cum[i])
            return key[i]
    }
    return key[nk]
}
function add(k, w) {
    nk++
    key[nk] = k
    total += w
    cum[nk] = total
}
BEGIN {
    if (seed == "" || n == "") {
        print "usage: awk -v seed=S -v n=N -f keys.awk" > "/dev/stderr"
        exit 2
    }
    state = (seed % 2147483646) + 1
    for (i = 0; i < 10; i++) next_rand()
    for (d = 1; d <= 9; d++) add(d "", 3.2)   # digits choose
    add("0", 3)
    add("Enter", 12)
    add("Down", 7)
    add("Up", 4)
    add("Escape", 5)
    add("BSpace", 2)
    add("Space", 3)
    add("NPage", 1)
    add("PPage", 1)
    add("+", 0.7)
    add("-", 0.7)
    add("Home", 0.5)
    add("End", 0.8)
    add("Left", 0.5)
    add("Right", 0.5)
    add("*", 1.2)
    add("/", 1.5)
    add("?", 1)
    add("F1", 0.6)
    add("F9", 0.8)
    add("F10", 1.5)
    split("a b c d e f g h i j k l m n o p q r s t u v w x y z", letters, " ")
    for (l = 1; l <= 26; l++) add(letters[l], 0.35)   # search text, Telex
    add("@resize", 0.25)
    add("@print", 0.35)
    add("@quit", 0.01)
    sizes[1] = "80 24"; sizes[2] = "100 30"; sizes[3] = "132 43"; sizes[4] = "80 25"
    sizes[5] = "60 20"; sizes[6] = "81 24"; sizes[7] = "200 60"; sizes[8] = "80 24"
    # Idle waits cost real time (the timeout and countdown): one in the middle of every run,
    # and rarely more.
    for (i = 1; i <= n; i++) {
        if (i == int(n / 2)) {
            print "@idle"
            continue
        }
        if (next_rand() < 0.00015) {
            print (next_rand() < 0.5 ? "@idle" : "@still")
            continue
        }
        k = pick()
        if (k == "@resize") {
            print "@resize " sizes[1 + int(next_rand() * 8)]
        } else if (k == "F10") {
            print k
            r = next_rand()
            if (r < 0.8)
                print "@pin"
            else if (r < 0.85)
                print "@badpin"
        } else {
            print k
        }
    }
}
