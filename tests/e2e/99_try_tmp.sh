. "$(dirname "$0")/../lib/e2e.sh"
e2e_init try
e2e_start
e2e_wait "Xin chào" >/dev/null
show() { sleep 0.4; echo "=== after: $*"; e2e_screen | sed -n '1,24p' | grep -v '^ *$'; }
k() { e2e_keys "$@"; show "$@"; }
k 2 Enter
k 9 Enter
k 1 Enter
k 1 Enter
k 1 Enter
k 2 Enter
k 1 Enter
k 1 Enter
k 1 0
k 1 Enter
e2e_done
