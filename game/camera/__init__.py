"""Camera input: the player steers by moving in front of a webcam, as with a finger on the screen.

The parts, each testable without a camera:
  config.py    CameraConfig (device, play zone, preview), the settings keys, the zone parser
  tracker.py   MotionTracker: numpy frames in, one smoothed target point out (pure, no OpenCV)
  dwell.py     Dwell: "hold still over a button for 1.5 s to press it" (pure)
  source.py    frame sources: an OpenCV camera (optional extra `[camera]`), and the errors they raise
  synthetic.py a synthetic video (numpy): a moving blob on a noisy background, walkers, lighting
  worker.py    CameraWorker: reads frames and tracks them off the game thread; status, fps, preview
  pointer.py   CameraInput: what the game thread asks each frame (events, cursor, status)
  bench.py     `python main.py bench camera`
Frames live only in memory: nothing here writes, records or sends a picture. A missing OpenCV,
no camera or a camera unplugged mid-game leaves the game on touch (logged once, shown in the
operator menu). Nothing here imports numpy, OpenCV or pygame at module level except tracker.py,
synthetic.py and source.py, which only the worker thread, tests and benchmarks import.
"""
