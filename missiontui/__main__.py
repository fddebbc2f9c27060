from missiontui.cli import main

main()
