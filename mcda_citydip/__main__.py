from mcda_citydip.cli import main

main()
