# caseline: workers on an office server reach its store through the system service's
# socket. Set only while that socket is there, so a machine without the service keeps
# each user's own store.
if [ -S /run/caseline/caseline.sock ]; then
    export CASELINE_SOCKET=/run/caseline/caseline.sock
fi
